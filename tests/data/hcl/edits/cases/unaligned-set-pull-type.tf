variable "region" {
  type = string
  default = "eu-west-1"
  description = "Region"
}

resource "aws_codebuild_project" "ci" {
  name = "ci"
  service_role = aws_iam_role.ci.arn
  badge_enabled=true

  environment {
    compute_type    =    "BUILD_GENERAL1_SMALL"
    image = "node:20"
    type="LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"
  }
}
