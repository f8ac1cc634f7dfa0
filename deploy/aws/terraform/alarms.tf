# A backlog: the oldest job (or bucket event) has waited too long, whatever the workers' count. And a
# dead letter: a job failed every attempt, or a bucket event could not be handled.

locals {
  waiting_queues = {
    jobs     = aws_sqs_queue.jobs
    incoming = aws_sqs_queue.incoming
  }
  dead_letter_queues = {
    jobs_dead     = aws_sqs_queue.jobs_dead
    incoming_dead = aws_sqs_queue.incoming_dead
  }
}

resource "aws_cloudwatch_metric_alarm" "oldest_message" {
  for_each = local.waiting_queues

  alarm_name          = "${each.value.name}-oldest-message"
  alarm_description   = "The oldest message of ${each.value.name} has waited over ${var.oldest_message_alarm_seconds} s: workers too few, stuck or failing."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.value.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 5
  threshold           = var.oldest_message_alarm_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  for_each = local.dead_letter_queues

  alarm_name          = "${each.value.name}-depth"
  alarm_description   = "${each.value.name} holds messages that failed every receive: dead jobs, or bucket events no worker could take."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
}
