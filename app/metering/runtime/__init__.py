"""The meter runtime: buses, readings and events into the store, delivery, commands."""
