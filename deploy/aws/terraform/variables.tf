variable "name" {
  description = "Prefix of every name this stack makes: buckets, queues, roles, the database. Bucket names are global: take one of your own."
  type        = string
  default     = "pixflow"
}

variable "region" {
  description = "The region of the whole stack (CloudFront is global)."
  type        = string
  default     = "eu-west-1"
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = { Application = "pixflow" }
}

# Images and the buckets

variable "image_ttl_days" {
  description = "Images expire this many days after upload (Pixflow's pixflow.lifecycle.default-ttl) and the buckets forget their bytes as long after they were written; null: images live until deleted."
  type        = number
  default     = null

  validation {
    condition     = var.image_ttl_days == null || try(var.image_ttl_days >= 1 && floor(var.image_ttl_days) == var.image_ttl_days, false)
    error_message = "image_ttl_days is a whole number of days, at least 1, or null."
  }
}

variable "originals_noncurrent_days" {
  description = "The originals bucket is versioned: a deleted, expired or overwritten original can be restored for this many days, then its bytes are gone."
  type        = number
  default     = 30
}

variable "upload_expiry_days" {
  description = "How long an unfinished upload keeps its parts (pixflow.multipart.expiry), in days; the bucket aborts what is left a day later."
  type        = number
  default     = 1

  validation {
    condition     = var.upload_expiry_days >= 1 && floor(var.upload_expiry_days) == var.upload_expiry_days
    error_message = "upload_expiry_days is a whole number of days, at least 1."
  }
}

variable "upload_cors_origins" {
  description = "Origins whose web pages send upload parts straight to the originals bucket (the web UI's own, for one); none: no CORS rule."
  type        = list(string)
  default     = []
}

variable "renditions_storage_class" {
  description = "The storage class Pixflow writes renditions in (pixflow.storage.s3.renditions-storage-class): they can be rebuilt from the original."
  type        = string
  default     = "INTELLIGENT_TIERING"

  validation {
    condition     = contains(["STANDARD", "INTELLIGENT_TIERING", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR"], var.renditions_storage_class)
    error_message = "renditions_storage_class is one that serves reads at once: STANDARD, INTELLIGENT_TIERING, STANDARD_IA, ONEZONE_IA or GLACIER_IR."
  }
}

variable "ingest_source_buckets" {
  description = "Buckets whose objects Kafka records may name as s3:// references (pixflow.ingest.kafka.s3-buckets): the ingest role may read them."
  type        = list(string)
  default     = []
}

variable "events_queue" {
  description = "Make the FIFO queue Pixflow publishes its events to (pixflow.events.sqs.queue-url)."
  type        = bool
  default     = false
}

# The queue

variable "max_attempts" {
  description = "Receives of a job before SQS moves it to the dead-letter queue (the redrive policy's maxReceiveCount, which Pixflow takes as pixflow.queue.max-attempts)."
  type        = number
  default     = 5
}

# The catalogue

variable "catalogue" {
  description = "Where the catalogue lives: \"postgres\" (RDS PostgreSQL) or \"dynamodb\" (one DynamoDB table)."
  type        = string
  default     = "postgres"

  validation {
    condition     = contains(["postgres", "dynamodb"], var.catalogue)
    error_message = "The catalogue is \"postgres\" or \"dynamodb\"."
  }
}

variable "vpc_id" {
  description = "The VPC of the Kubernetes cluster, where the database goes (catalogue \"postgres\")."
  type        = string
  default     = null
}

variable "database_subnet_ids" {
  description = "Private subnets of at least two availability zones for the database (catalogue \"postgres\")."
  type        = list(string)
  default     = null
}

variable "database_client_security_group_ids" {
  description = "Security groups of the pods (or the nodes) that reach the database (catalogue \"postgres\")."
  type        = list(string)
  default     = null
}

variable "database_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "database_engine_version" {
  description = "PostgreSQL major version (16 or newer)."
  type        = string
  default     = "17"
}

variable "database_storage_gb" {
  description = "Allocated storage; it grows on its own up to four times this."
  type        = number
  default     = 50
}

variable "database_multi_az" {
  description = "A standby in a second availability zone."
  type        = bool
  default     = true
}

variable "database_deletion_protection" {
  description = "Refuse to delete the database (turn off before a destroy)."
  type        = bool
  default     = true
}

# Kubernetes

variable "eks_oidc_provider_arn" {
  description = "The IAM OIDC provider of the EKS cluster: the pods' service accounts assume their roles through it (IAM roles for service accounts)."
  type        = string
}

variable "kubernetes_namespace" {
  description = "Namespace of the service accounts pixflow-upload, pixflow-multipart, pixflow-delivery, pixflow-worker and pixflow-ingest."
  type        = string
  default     = "default"
}

# The CDN

variable "delivery_origin_domain" {
  description = "DNS name of the load balancer in front of the pixflow-delivery pods (the Ingress's), serving HTTPS; null: no CloudFront distribution yet."
  type        = string
  default     = null
}

variable "cdn_aliases" {
  description = "Host names of the distribution (img.example.com); the first is Pixflow's public base URL. Needs cdn_certificate_arn."
  type        = list(string)
  default     = []
}

variable "cdn_certificate_arn" {
  description = "ACM certificate in us-east-1 for cdn_aliases; null: the distribution's own cloudfront.net name."
  type        = string
  default     = null
}

variable "cdn_price_class" {
  description = "Where CloudFront serves from: PriceClass_All for users everywhere."
  type        = string
  default     = "PriceClass_All"
}

# Alarms

variable "alarm_actions" {
  description = "ARNs (SNS topics) told when an alarm fires and when it clears."
  type        = list(string)
  default     = []
}

variable "oldest_message_alarm_seconds" {
  description = "Alarm when the oldest job or bucket event has waited longer than this."
  type        = number
  default     = 600
}
