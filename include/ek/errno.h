/* Negative errno values returned by kernel interfaces (Linux numbering). */
#ifndef EK_ERRNO_H
#define EK_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define E2BIG 7
#define ENOEXEC 8
#define EAGAIN 11
#define ENOMEM 12
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define ENODATA 61
#define EBADMSG 74
#define EOVERFLOW 75
#define EILSEQ 84
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

/* "Invalid argument" for -EINVAL (kernel/lib/errno_text.c). */
const char *errno_text(int err);

#endif
