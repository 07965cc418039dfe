resource "aws_codebuild_project" "win" {
  name         = "win"
  service_role = aws_iam_role.win.arn

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "mcr.microsoft.com/windows/servercore:ltsc2022"
    type         = "WINDOWS_SERVER_2019_CONTAINER"
  }

  artifacts {
    type = "NO_ARTIFACTS"
  }
}
