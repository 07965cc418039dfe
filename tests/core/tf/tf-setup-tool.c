/*
 * Test tool: plan the Terraform side of a setup and write the planned
 * files, without AWS and without a terminal.
 *
 * usage: tf-setup-tool ROOT PROJECT ARN TFVARS POLICY VARIABLE [KMS_ARN]
 *
 * POLICY "-" means the first editable candidate. Prints the plan's notes
 * and the changed paths on standard output; on a refusal prints the
 * error and exits with the error's exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/plan.h"
#include "core/tf/root.h"
#include "core/tf/setup.h"

static int
make_parents(char *path)
{
	char *slash;

	for (slash = strchr(path + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST) {
			*slash = '/';
			return -1;
		}
		*slash = '/';
	}
	return 0;
}

static int
write_file(const char *root, const struct plan_file *f)
{
	char path[PATH_MAX];
	size_t done = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "%s/%s", root, f->path);
	if (make_parents(path) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0)
		return -1;
	while (done < f->new_len) {
		n = write(fd, f->new_text + done, f->new_len - done);
		if (n < 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	return close(fd);
}

int
main(int argc, char **argv)
{
	struct tf_setup_request req;
	struct hc_error err;
	struct tf_root *root;
	struct plan plan;
	char msg[2048];
	size_t i;
	int rc = 0;

	if (argc < 7) {
		fprintf(stderr, "usage: tf-setup-tool ROOT PROJECT ARN TFVARS "
		    "POLICY VARIABLE [KMS_ARN]\n");
		return 2;
	}
	hc_error_init(&err);
	memset(&req, 0, sizeof req);
	req.project = argv[2];
	req.secret_arn = argv[3];
	req.tfvars = argv[4];
	req.policy = strcmp(argv[5], "-") == 0 ? NULL : argv[5];
	req.variable = argv[6];
	req.kms_key_arn = argc > 7 ? argv[7] : NULL;
	root = tf_root_load(argv[1], &err);
	if (root == NULL || plan_init(&plan, argv[1], &err) < 0) {
		hc_error_format(&err, msg, sizeof msg);
		fprintf(stderr, "%s\n", msg);
		tf_root_free(root);
		return hc_code_exit_status(err.code);
	}
	if (tf_setup_plan(root, &req, &plan, &err) < 0) {
		hc_error_format(&err, msg, sizeof msg);
		fprintf(stderr, "%s\n", msg);
		rc = hc_code_exit_status(err.code);
		goto out;
	}
	for (i = 0; i < plan.nnotes; i++)
		printf("note: %s\n", plan.notes[i]);
	for (i = 0; i < plan.nfiles; i++) {
		printf("%s %s\n", plan.files[i].old_text ? "change" : "create",
		    plan.files[i].path);
		if (write_file(argv[1], &plan.files[i]) < 0) {
			fprintf(stderr, "writing %s: %s\n", plan.files[i].path,
			    strerror(errno));
			rc = 1;
		}
	}
	if (plan.nfiles == 0)
		printf("nothing to do\n");
out:
	plan_done(&plan);
	tf_root_free(root);
	return rc;
}
