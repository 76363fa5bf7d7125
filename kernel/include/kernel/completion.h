/* SPDX-License-Identifier: MIT */
/*
 * Completions (kernel/wait.c), as Linux's include/linux/completion.h: a
 * one-shot (or counted) "it is done" event. complete() may be called from
 * any context, interrupts included; waiting sleeps.
 */
#pragma once

#include <kernel/wait.h>

struct completion {
	unsigned int done;		/* completions not yet consumed; UINT_MAX: all */
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(work)						\
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) struct completion work = COMPLETION_INITIALIZER(work)

void init_completion(struct completion *x);
/* Mark @x not done again (no waiter may be queued). */
void reinit_completion(struct completion *x);

/* Wake one waiter (or let the next wait return at once). Context: any. */
void complete(struct completion *x);
/* Wake every waiter, now and later, until reinit_completion(). Context: any. */
void complete_all(struct completion *x);

/* Sleep until @x is completed. Context: process context, may sleep. */
void wait_for_completion(struct completion *x);
/* Return: 0 on timeout, else the jiffies left (at least 1). Context: may sleep. */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
/* Consume a completion without sleeping. Return: true if there was one. Context: any. */
bool try_wait_for_completion(struct completion *x);
/* Return: true if a wait would not sleep. */
bool completion_done(struct completion *x);
