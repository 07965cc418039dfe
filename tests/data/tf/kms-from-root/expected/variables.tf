variable "docker_hub_secret_arn" {
  description = "ARN of the Secrets Manager secret with the Docker Hub credentials"
  type        = string
}

variable "docker_hub_secret_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the Docker Hub secret"
  type        = string
}
