"""Power policies: the term calendar and holidays, lights-off schedules, socket low-power mode and
air-conditioner standby monitoring, as the office sets them and as every meter must hold them."""
