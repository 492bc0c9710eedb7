"""The use cases: what the bot and the command line do, with no transport in them.

The only door from `bot.telegram` and `bot.cli` to `storage` and `summarizer`. Nothing is
imported here, so that a command imports only the use cases it runs.
"""
