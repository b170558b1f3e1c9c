// The command handlers of the aggregate Post, called by post.decider.ts.
// This file is yours: Event Model Studio created it once from blog.events.yaml and never overwrites it.
// Each handler decides one command against the current state: it returns the events to append,
// or throws one of the command's errors (classes in ./errors.js).

import type { PostState } from './post.decider.js';
import type { AddComment, PostEvent, PublishPost } from './types.js';

/**
 * An author publishes a post.
 *
 * Emits PostPublished. Errors: PostAlreadyPublished, EmptyTitle.
 */
export function publishPost(command: PublishPost, _state: PostState): PostEvent | PostEvent[] {
  // Errors to throw when a rule is broken: PostAlreadyPublished, EmptyTitle.
  return {
    type: 'PostPublished',
    data: {
      postId: command.data.postId,
      userId: command.data.userId,
      title: command.data.title,
      body: command.data.body,
      tags: command.data.tags,
      publishedAt: timeOf(command),
    },
  };
}

/**
 * A reader comments on a published post.
 *
 * Emits CommentAdded. Errors: PostNotPublished, EmptyComment, CommentAlreadyAdded.
 */
export function addComment(command: AddComment, _state: PostState): PostEvent | PostEvent[] {
  // Rule: Comments are added to published posts only.
  // Rule: The same commentId is accepted once (idempotent retries).
  // Errors to throw when a rule is broken: PostNotPublished, EmptyComment, CommentAlreadyAdded.
  return {
    type: 'CommentAdded',
    data: {
      postId: command.data.postId,
      commentId: command.data.commentId,
      userId: command.data.userId,
      body: command.data.body,
      addedAt: timeOf(command),
    },
  };
}

/** The command's time as an ISO 8601 string: `metadata.now` when the caller sets it (the generated tests do), otherwise now. */
function timeOf(command: { metadata?: { now: Date } }): string {
  // Whole seconds are written without milliseconds, as the model's scenarios write them.
  return (command.metadata?.now ?? new Date()).toISOString().replace('.000Z', 'Z');
}
