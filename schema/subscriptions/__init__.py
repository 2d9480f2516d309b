"""The Strawberry ``Subscription`` root: live events over WebSocket."""
