/// SASL mechanisms and credential stores.
public enum SASL {}
