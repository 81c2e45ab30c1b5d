"""Metering: billing, tariffs, free quota, alarms and the meter runtime."""
