resource "aws_codebuild_project" "win" {
  name         = "win"
  service_role = aws_iam_role.win.arn

  environment {
    compute_type                = "BUILD_GENERAL1_SMALL"
    image                       = "mcr.microsoft.com/windows/servercore:ltsc2022"
    type                        = "WINDOWS_SERVER_2019_CONTAINER"
    image_pull_credentials_type = "SERVICE_ROLE"
  }

  artifacts {
    type = "NO_ARTIFACTS"
  }
}
