# Équipe plateforme: projets de build.
resource "aws_codebuild_project" "café" {
  name          = "café"
  description   = "Construit l'image — avec des accents"
  service_role  = aws_iam_role.build.arn
  badge_enabled = true

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "node:20"
    type         = "LINUX_CONTAINER"
  }

  tags = {
    équipe = "plateforme"
    coût   = "partagé"
  }
}
