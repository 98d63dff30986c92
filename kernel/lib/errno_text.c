/* Error numbers as words, for messages a user reads. */
#include <ek/errno.h>

static const struct {
	int err;
	const char *text;
} texts[] = {
	{ EPERM, "Operation not permitted" },  { ENOENT, "No such file or directory" },
	{ EIO, "Input/output error" },         { E2BIG, "Argument list too long" },
	{ ENOEXEC, "Exec format error" },      { EAGAIN, "Resource temporarily unavailable" },
	{ ENOMEM, "Cannot allocate memory" },  { EFAULT, "Bad address" },
	{ EBUSY, "Device or resource busy" },  { EEXIST, "File exists" },
	{ ENODEV, "No such device" },          { EINVAL, "Invalid argument" },
	{ ENOSPC, "No space left on device" }, { ERANGE, "Numerical result out of range" },
	{ ENOSYS, "Function not implemented" }, { ENODATA, "No data available" },
	{ EBADMSG, "Bad message" },            { EOVERFLOW, "Value too large" },
	{ EILSEQ, "Invalid or incomplete multibyte or wide character" },
	{ EOPNOTSUPP, "Operation not supported" },
	{ ETIMEDOUT, "Connection timed out" },
};

const char *errno_text(int err)
{
	if (err < 0)
		err = -err;
	for (unsigned int i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i].err == err)
			return texts[i].text;
	return "Unknown error";
}
