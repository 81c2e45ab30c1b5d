"""The campus: buildings, rooms, beds, students, occupancy, search and the room views."""
