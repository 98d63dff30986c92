board-test:
	@true
