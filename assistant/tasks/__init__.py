"""The task table (任务分工) and the department questions answered exactly from it."""
