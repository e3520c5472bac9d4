"""Who may do what: users and their roles, signing in, sessions, tokens, throttling of attempts and
the audit trail of what they did."""
