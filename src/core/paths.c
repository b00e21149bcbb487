#include "core/paths.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int paths_exe_dir(char *out, size_t cap)
{
	ssize_t n = readlink("/proc/self/exe", out, cap - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= cap - 1) {
		out[0] = '\0';
		return -1;
	}
	out[n] = '\0';
	slash = strrchr(out, '/');
	if (!slash) {
		out[0] = '\0';
		return -1;
	}
	*slash = '\0';
	return 0;
}

int paths_share_dir(char *out, size_t cap)
{
	char exe[4096];
	struct stat st;
	int n;

	if (paths_exe_dir(exe, sizeof(exe)) != 0)
		return out[0] = '\0', -1;
	n = snprintf(out, cap, "%s/../share/tingbao", exe);
	if (n < 0 || (size_t)n >= cap || stat(out, &st) != 0 || !S_ISDIR(st.st_mode))
		return out[0] = '\0', -1;
	return 0;
}
