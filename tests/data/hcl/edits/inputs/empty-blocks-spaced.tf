resource "aws_codebuild_project" "ci" {
    name = "ci"

    environment {
        image = "node:20"

        registry_credential { }
    }
}
