print("maillab")
