variable "docker_hub_secret_arn" {
  type        = list(string)
  description = "legacy"
  default     = []
}
