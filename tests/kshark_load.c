/*
 * kshark_load FILE: open a trace.dat the way KernelShark does (libkshark:
 * kshark_open, kshark_load_entries) and list what it loaded, one event a
 * line: "TIMESTAMP_NS CPU TASK-PID SYSTEM/EVENT<TAB>INFO". A host test's
 * helper: it shows, without a display, that KernelShark opens the file.
 */
#define _GNU_SOURCE /* libkshark.h needs ssize_t */
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>

#include <kernelshark/libkshark.h>

int main(int argc, char **argv)
{
	struct kshark_context *ctx = NULL;
	struct kshark_entry **rows = NULL;
	ssize_t n;
	int sd;

	if (argc != 2) {
		fprintf(stderr, "usage: kshark_load TRACE.DAT\n");
		return 2;
	}
	if (!kshark_instance(&ctx))
		return 1;
	sd = kshark_open(ctx, argv[1]);
	if (sd < 0) {
		fprintf(stderr, "kshark_load: %s: libkshark cannot open it (%d)\n", argv[1], sd);
		kshark_free(ctx);
		return 1;
	}
	n = kshark_load_entries(ctx, sd, &rows);
	if (n < 0) {
		fprintf(stderr, "kshark_load: %s: libkshark loaded no entries (%zd)\n", argv[1], n);
		return 1;
	}
	for (ssize_t i = 0; i < n; i++) {
		char *ev = kshark_get_event_name(rows[i]);
		char *task = kshark_get_task(rows[i]);
		char *info = kshark_get_info(rows[i]);

		printf("%lld %d %s-%d %s\t%s\n", (long long)rows[i]->ts, rows[i]->cpu,
		       task ? task : "?", rows[i]->pid, ev ? ev : "?", info ? info : "");
		free(ev);
		free(task);
		free(info);
		free(rows[i]);
	}
	free(rows);
	kshark_close(ctx, sd);
	kshark_free(ctx);
	return 0;
}
