/// The pure UI: state, update and render.
public enum LabUIModule {}
