resource "aws_codebuild_project" "tabbed" {
	name = "tabbed"
	service_role = aws_iam_role.tabbed.arn

	environment {
		compute_type = "BUILD_GENERAL1_SMALL"
		image = "node:20"
		type = "LINUX_CONTAINER"
		image_pull_credentials_type = "SERVICE_ROLE"
	}
}

locals {
	regions = [
		"eu-west-1",
		"us-east-1",
	]
}
