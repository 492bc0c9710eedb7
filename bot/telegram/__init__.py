"""The Telegram adapter: the application, its jobs, and the HTML it sends.

Reaches storage and the text pipeline only through `bot.usecases`.
"""
