"""Briefing's application layer: the Telegram bot, the command line and the use cases."""
