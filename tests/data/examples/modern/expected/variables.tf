variable "team" {
  type        = string
  description = "Owning team, used in resource names"
}

variable "environment" {
  type        = string
  description = "Deployment environment"
  default     = "ci"
}

variable "repository_url" {
  type        = string
  description = "Git repository the project builds"
}

variable "docker_hub_secret_arn" {
  description = "ARN of the Secrets Manager secret with the Docker Hub credentials"
  type        = string
}
