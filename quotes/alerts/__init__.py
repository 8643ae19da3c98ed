"""Following a leader, a topic or a list by e-mail: sign-up, confirmation, digests, unsubscribe."""
