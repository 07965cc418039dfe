resource "aws_codebuild_project" "w" {
    name = "w"
    service_role = aws_iam_role.w.arn
    environment {
        image = "node:20"
        type = "LINUX_CONTAINER"
    }
}
