extension SwaksCommand {
    /// The usage that `swaks --help` prints: the options this built-in swaks reads. Real swaks
    /// prints its whole manual page instead.
    static let helpText = """
        swaks: Swiss Army Knife SMTP, the all-purpose SMTP transaction tester
        (the lab's built-in copy of swaks \(SwaksMessage.version))

        Usage: swaks [options]

          -s, --server HOST[:PORT]  the SMTP server (default: the recipient's domain)
          -p, --port PORT           the server's TCP port (default 25)
          -t, --to ADDRESS[,...]    the envelope recipients (asked for when missing)
          -f, --from ADDRESS        the envelope sender (default USER@HOSTNAME)
          -h, --ehlo, --helo NAME   the name sent with EHLO (default: this host's name)
          -a, --auth [TYPE[,...]]   authenticate with PLAIN, LOGIN, CRAM-MD5, CRAM-SHA1 or
                                    DIGEST-MD5; without TYPE, the first type the server
                                    offers, tried in the order CRAM-MD5, CRAM-SHA1,
                                    DIGEST-MD5, LOGIN, PLAIN
          -au, --auth-user USER     the user name (asked for when missing)
          -ap, --auth-password PASS the password (asked for, without echo, when missing)
          -tls                      require STARTTLS before authenticating and sending
          -tlsc, --tls-on-connect   start TLS as soon as the connection opens
          -q, --quit-after STAGE    send QUIT after CONNECT, FIRST-EHLO, TLS, EHLO, AUTH,
                                    MAIL or RCPT
          --header "NAME: VALUE"    replace or add a header of the test message
          --body TEXT               the body of the test message
          --support                 list the features this swaks supports
          --help, --version

        Exit status: 0 success, 1 usage error, 2 connection failed, 6 connection lost,
        10 a required feature is missing, 21 banner, 22 EHLO, 23 MAIL, 24 no recipient
        accepted, 25 DATA, 26 message, 27 QUIT, 28 AUTH, 29 TLS, 32 EHLO after TLS failed.

        """
}
