variable "région" {
  type    = string
  default = "eu-west-3" # Paris ☁
}
// fin du fichier — 終わり

variable "docker_hub_secret_arn" {
  description = "ARN of the Secrets Manager secret with the Docker Hub credentials"
  type        = string
}
