/// Loopback listeners and the connection loop.
public enum MailServerModule {}
