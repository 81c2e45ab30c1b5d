"""Files the office brings in from elsewhere (statements, rosters, batch lists), read safely."""
