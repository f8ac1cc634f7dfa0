# The jobs queue with its dead-letter queue, and the queue of the originals bucket's events with its own.
# Pixflow sets the visibility timeout of every message it receives (pixflow.queue.lease, extended while
# a render runs); the queues' own timeouts only cover a message received by something else.

resource "aws_sqs_queue" "jobs_dead" {
  name                      = "${var.name}-jobs-dead"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${var.name}-jobs"
  visibility_timeout_seconds = 60
  receive_wait_time_seconds  = 10
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.jobs_dead.arn
    maxReceiveCount     = var.max_attempts
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "jobs_dead" {
  queue_url = aws_sqs_queue.jobs_dead.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.jobs.arn]
  })
}

resource "aws_sqs_queue" "incoming_dead" {
  name                      = "${var.name}-incoming-dead"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "incoming" {
  name                       = "${var.name}-incoming"
  visibility_timeout_seconds = 120
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.incoming_dead.arn
    maxReceiveCount     = var.max_attempts
  })
}

resource "aws_sqs_queue_redrive_allow_policy" "incoming_dead" {
  queue_url = aws_sqs_queue.incoming_dead.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.incoming.arn]
  })
}

resource "aws_sqs_queue_policy" "incoming" {
  queue_url = aws_sqs_queue.incoming.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "OriginalsBucketEvents"
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.incoming.arn
      Condition = {
        ArnEquals    = { "aws:SourceArn" = aws_s3_bucket.originals.arn }
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
      }
    }]
  })
}

# Events in order per image (Pixflow sets the group and deduplication ids).
resource "aws_sqs_queue" "events" {
  count = var.events_queue ? 1 : 0

  name                    = "${var.name}-events.fifo"
  fifo_queue              = true
  sqs_managed_sse_enabled = true
}
