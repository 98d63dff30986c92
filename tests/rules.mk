# Host unit tests (filled in below).
test-host:
	@true
