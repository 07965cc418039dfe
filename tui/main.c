/* Entry point: options, then the terminal or the replay driver. */
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("hubcred 0.1.0\n");
		return 0;
	}
	fprintf(stderr, "hubcred: not built yet\n");
	return 1;
}
