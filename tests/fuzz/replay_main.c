// SPDX-License-Identifier: MIT
/*
 * Replay driver for a fuzz target built without libFuzzer: every regular
 * file of the directories given as arguments is one input, run once
 * through LLVMFuzzerTestOneInput() in name order; each is one TAP test (a
 * model check failure or a sanitizer report aborts the run, which TAP
 * reports as a failure). A directory that does not exist is skipped.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "fuzz_common.h"

#define MAX_FILES 4096

static int cmp_str(const void *a, const void *b)
{
	return __builtin_strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	static char *paths[MAX_FILES];
	int n = 0;

	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *e;

		if (!d)
			continue;
		while ((e = readdir(d)) && n < MAX_FILES) {
			char *p;
			struct stat st;

			if (e->d_name[0] == '.')
				continue;
			if (asprintf(&p, "%s/%s", argv[i], e->d_name) < 0)
				abort();
			if (stat(p, &st) || !S_ISREG(st.st_mode)) {
				free(p);
				continue;
			}
			paths[n++] = p;
		}
		closedir(d);
	}
	qsort(paths, (size_t)n, sizeof(paths[0]), cmp_str);
	LLVMFuzzerInitialize(&argc, &argv);
	printf("TAP version 13\n1..%d\n", n ? n : 1);
	if (!n)
		printf("ok 1 # SKIP no inputs\n");
	for (int i = 0; i < n; i++) {
		FILE *f = fopen(paths[i], "rb");
		static u8 buf[1 << 20];
		size_t len;

		if (!f) {
			printf("not ok %d %s (cannot open)\n", i + 1, paths[i]);
			continue;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		printf("ok %d %s (%zu bytes)\n", i + 1, paths[i], len);
		fflush(stdout);
	}
	return 0;
}
