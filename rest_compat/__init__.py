"""The Pleroma/Mastodon REST projection of the services (aiohttp handlers and renderers)."""
