/* Common includes for the host unit tests: cmocka wants these first. */
#ifndef EK_TESTS_TEST_H
#define EK_TESTS_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#endif
