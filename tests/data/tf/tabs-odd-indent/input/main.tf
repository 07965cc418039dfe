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
	}

 source {
     type = "NO_SOURCE"
 }
}
