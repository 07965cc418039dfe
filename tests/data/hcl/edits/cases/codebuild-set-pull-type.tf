resource "aws_codebuild_project" "ci" {
  name          = "ci"
  description   = "Builds the application image"
  service_role  = aws_iam_role.codebuild.arn
  build_timeout = 30

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "docker.io/library/node:20"
    type                        = "LINUX_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"
  }

  source {
    type      = "GITHUB"
    location  = "https://github.com/example/app.git"
    buildspec = "buildspec.yml"
  }

  tags = {
    team = "platform"
    env  = "ci"
  }
}
