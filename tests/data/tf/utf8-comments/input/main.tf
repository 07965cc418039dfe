# Équipe plateforme — rôle et projet de build (géré à la main).
resource "aws_iam_role" "build" {
  name = "build-ümlaut" // le nom reste en ASCII côté IAM ? non : test
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "codebuild.amazonaws.com" } /* 信頼 */
        Action    = "sts:AssumeRole"
      },
    ]
  })
}

resource "aws_iam_role_policy" "build" {
  role = aws_iam_role.build.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      # Journaux : CloudWatch Logs ✓
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "*" // tout
      },
      /* fin des déclarations — ne rien ajouter après ? */
    ]
  })
}

resource "aws_codebuild_project" "café" {
  name         = "café"
  service_role = aws_iam_role.build.arn

  artifacts {
    type = "NO_ARTIFACTS"
  }

  environment {
    compute_type = "BUILD_GENERAL1_SMALL"   # taille ½
    image        = "example/café-builder:2" // image Docker Hub ☕
    type         = "LINUX_CONTAINER" /* conteneur 🐧 */
    # dernière ligne du bloc — commentaire « libre »
  }

  source {
    type = "NO_SOURCE"
  }
}
