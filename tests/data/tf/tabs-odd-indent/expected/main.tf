resource "aws_iam_role" "ci" {
	name = "tabbed-ci"
	assume_role_policy = jsonencode({
		Version = "2012-10-17"
		Statement = [{
			Effect = "Allow"
			Principal = { Service = "codebuild.amazonaws.com" }
			Action = "sts:AssumeRole"
		}]
	})
}

resource "aws_iam_role_policy" "ci" {
   role   = aws_iam_role.ci.id
   policy = <<-EOF
	{
	  "Version": "2012-10-17",
	  "Statement": [
	    {
	      "Effect": "Allow",
	      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
	      "Resource": "*"
	    },
	    {
	      "Effect": "Allow",
	      "Action": ["secretsmanager:GetSecretValue"],
	      "Resource": "${var.docker_hub_secret_arn}"
	    }
	  ]
	}
	EOF
}

resource "aws_codebuild_project" "svc" {
	name = "svc"   
	service_role = aws_iam_role.ci.arn

	artifacts {
		type = "NO_ARTIFACTS"
	}

	environment {
	   compute_type = "BUILD_GENERAL1_SMALL"
	   image = "example/svc-builder:7"
	   type  =   "LINUX_CONTAINER"
	   image_pull_credentials_type = "SERVICE_ROLE"

	   registry_credential {
	     credential          = var.docker_hub_secret_arn
	     credential_provider = "SECRETS_MANAGER"
	   }
	}

 source {
     type = "NO_SOURCE"
 }
}
