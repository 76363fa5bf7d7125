// SPDX-License-Identifier: MIT
/*
 * Red-black trees (the interface of Linux's lib/rbtree.c).
 *
 * The invariants: every node is red or black; the root is black; a red node
 * has no red child; every path from a node down to a NULL leaf passes the
 * same number of black nodes. Together they keep the height below
 * 2 log2(n + 1). Insertion and erasure restore them with at most three
 * rotations and O(log n) recolourings; each rotation is reported to the
 * augment callbacks so per-subtree values stay right.
 *
 * Context: any; the tree's owner serializes access.
 */
#include <kernel/rbtree.h>

static void rb_dummy_propagate(struct rb_node *node __maybe_unused,
			       struct rb_node *stop __maybe_unused)
{
}

static void rb_dummy_copy(struct rb_node *old __maybe_unused,
			  struct rb_node *new __maybe_unused)
{
}

static void rb_dummy_rotate(struct rb_node *old __maybe_unused,
			    struct rb_node *new __maybe_unused)
{
}

static const struct rb_augment_callbacks rb_dummy_callbacks = {
	.propagate = rb_dummy_propagate,
	.copy = rb_dummy_copy,
	.rotate = rb_dummy_rotate,
};

/* Make @parent (or the root, if @parent is NULL) point at @new instead of @old. */
static void rb_change_child(struct rb_node *old, struct rb_node *new,
			    struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotate left around @x: its right child @y takes its place and @x becomes
 * @y's left child. Colours are left alone; the caller sets them.
 */
static void rb_rotate_left(struct rb_node *x, struct rb_root *root,
			   const struct rb_augment_callbacks *augment)
{
	struct rb_node *y = x->rb_right, *parent = rb_parent(x);

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	y->rb_left = x;
	rb_set_parent(y, parent);
	rb_change_child(x, y, parent, root);
	rb_set_parent(x, y);
	augment->rotate(x, y);
}

/* The mirror image of rb_rotate_left(). */
static void rb_rotate_right(struct rb_node *x, struct rb_root *root,
			    const struct rb_augment_callbacks *augment)
{
	struct rb_node *y = x->rb_left, *parent = rb_parent(x);

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	y->rb_right = x;
	rb_set_parent(y, parent);
	rb_change_child(x, y, parent, root);
	rb_set_parent(x, y);
	augment->rotate(x, y);
}

static void rb_rotate(struct rb_node *x, bool left, struct rb_root *root,
		      const struct rb_augment_callbacks *augment)
{
	if (left)
		rb_rotate_left(x, root, augment);
	else
		rb_rotate_right(x, root, augment);
}

/*
 * The new red @node may have a red parent. Either recolour (the uncle is
 * red: push the problem two levels up) or rotate once or twice (the uncle
 * is black: done).
 */
static void rb_insert_fixup(struct rb_node *node, struct rb_root *root,
			    const struct rb_augment_callbacks *augment)
{
	struct rb_node *parent, *gparent, *uncle;
	bool left;

	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		gparent = rb_parent(parent);	/* exists: the root is black */
		left = parent == gparent->rb_left;
		uncle = left ? gparent->rb_right : gparent->rb_left;
		if (rb_is_red(uncle)) {
			rb_set_color(parent, RB_BLACK);
			rb_set_color(uncle, RB_BLACK);
			rb_set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (node == (left ? parent->rb_right : parent->rb_left)) {
			/* Inner grandchild: turn it into the outer case. */
			rb_rotate(parent, left, root, augment);
			node = parent;
			parent = rb_parent(node);
		}
		rb_set_color(parent, RB_BLACK);
		rb_set_color(gparent, RB_RED);
		rb_rotate(gparent, !left, root, augment);
		break;
	}
	rb_set_color(root->rb_node, RB_BLACK);
}

/**
 * rb_insert_color - rebalance after linking @node with rb_link_node()
 * @node: the new node
 * @root: its tree
 *
 * Context: any; caller serializes the tree.
 */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, &rb_dummy_callbacks);
}

/**
 * rb_insert_augmented - rb_insert_color() for an augmented tree
 * @node: the new node, its value and its ancestors' already right
 * @root: its tree
 * @augment: the tree's callbacks
 *
 * Context: any; caller serializes the tree.
 */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment)
{
	rb_insert_fixup(node, root, augment);
}

/*
 * A black node was removed from below @parent, on the side where @node
 * (possibly NULL) now hangs: that side is one black short. Borrow from
 * the sibling by recolouring or rotating.
 */
static void rb_erase_fixup(struct rb_node *node, struct rb_node *parent,
			   struct rb_root *root,
			   const struct rb_augment_callbacks *augment)
{
	struct rb_node *sibling, *near, *far;
	bool left;

	while (node != root->rb_node && rb_is_black(node)) {
		left = node == parent->rb_left;
		sibling = left ? parent->rb_right : parent->rb_left;
		if (rb_is_red(sibling)) {
			/* Make the sibling black: rotate the red one up. */
			rb_set_color(sibling, RB_BLACK);
			rb_set_color(parent, RB_RED);
			rb_rotate(parent, left, root, augment);
			sibling = left ? parent->rb_right : parent->rb_left;
		}
		near = left ? sibling->rb_left : sibling->rb_right;
		far = left ? sibling->rb_right : sibling->rb_left;
		if (rb_is_black(near) && rb_is_black(far)) {
			/* Both sides one short now: move the problem up. */
			rb_set_color(sibling, RB_RED);
			node = parent;
			parent = rb_parent(node);
			continue;
		}
		if (rb_is_black(far)) {
			/* Make the far nephew the red one. */
			rb_set_color(near, RB_BLACK);
			rb_set_color(sibling, RB_RED);
			rb_rotate(sibling, !left, root, augment);
			sibling = left ? parent->rb_right : parent->rb_left;
			far = left ? sibling->rb_right : sibling->rb_left;
		}
		rb_set_color(sibling, rb_color(parent));
		rb_set_color(parent, RB_BLACK);
		rb_set_color(far, RB_BLACK);
		rb_rotate(parent, left, root, augment);
		return;
	}
	if (node)
		rb_set_color(node, RB_BLACK);
}

/*
 * Take @node out. A node with two children is replaced by its successor
 * (the leftmost node of its right subtree), which is what really leaves
 * its place. Return: whether a black node left the tree; *@fix_node and
 * *@fix_parent say where the black is missing.
 */
static bool rb_unlink(struct rb_node *node, struct rb_root *root,
		      const struct rb_augment_callbacks *augment,
		      struct rb_node **fix_node, struct rb_node **fix_parent)
{
	struct rb_node *parent = rb_parent(node), *succ, *child;
	bool black;

	if (!node->rb_left || !node->rb_right) {
		child = node->rb_left ? node->rb_left : node->rb_right;
		black = rb_is_black(node);
		rb_change_child(node, child, parent, root);
		if (child)
			rb_set_parent(child, parent);
		augment->propagate(parent, NULL);
		*fix_node = child;
		*fix_parent = parent;
		return black;
	}

	succ = node->rb_right;
	while (succ->rb_left)
		succ = succ->rb_left;
	child = succ->rb_right;
	black = rb_is_black(succ);
	augment->copy(node, succ);
	if (succ == node->rb_right) {
		*fix_parent = succ;
	} else {
		*fix_parent = rb_parent(succ);
		(*fix_parent)->rb_left = child;
		if (child)
			rb_set_parent(child, *fix_parent);
		succ->rb_right = node->rb_right;
		rb_set_parent(node->rb_right, succ);
		augment->propagate(*fix_parent, succ);
	}
	succ->rb_left = node->rb_left;
	rb_set_parent(node->rb_left, succ);
	rb_set_parent_color(succ, parent, rb_color(node));
	rb_change_child(node, succ, parent, root);
	augment->propagate(succ, NULL);
	*fix_node = child;
	return black;
}

/**
 * rb_erase_augmented - unlink @node from an augmented tree and rebalance
 * @node: a node in @root
 * @root: its tree
 * @augment: the tree's callbacks
 *
 * Context: any; caller serializes the tree.
 */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment)
{
	struct rb_node *fix_node, *fix_parent;

	if (rb_unlink(node, root, augment, &fix_node, &fix_parent))
		rb_erase_fixup(fix_node, fix_parent, root, augment);
}

/**
 * rb_erase - unlink @node and rebalance
 * @node: a node in @root
 * @root: its tree
 *
 * Context: any; caller serializes the tree.
 */
void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_augmented(node, root, &rb_dummy_callbacks);
}

/**
 * rb_replace_node - put @new in @old's place (same key, same colour)
 * @old: a node in @root
 * @new: a node in no tree
 * @root: the tree
 *
 * Context: any; caller serializes the tree.
 */
void rb_replace_node(struct rb_node *old, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(old);

	*new = *old;
	if (old->rb_left)
		rb_set_parent(old->rb_left, new);
	if (old->rb_right)
		rb_set_parent(old->rb_right, new);
	rb_change_child(old, new, parent, root);
}

/**
 * rb_first - the smallest node of @root
 * @root: the tree
 *
 * Context: any; caller serializes the tree.
 * Return: the leftmost node, or NULL if the tree is empty.
 */
struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

/**
 * rb_last - the largest node of @root
 * @root: the tree
 *
 * Context: any; caller serializes the tree.
 * Return: the rightmost node, or NULL if the tree is empty.
 */
struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

/**
 * rb_next - the in-order successor of @node
 * @node: a node in a tree
 *
 * Context: any; caller serializes the tree.
 * Return: the next node, or NULL if @node is the last (or in no tree).
 */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Climb while we come from the right: those ancestors are smaller. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

/**
 * rb_prev - the in-order predecessor of @node
 * @node: a node in a tree
 *
 * Context: any; caller serializes the tree.
 * Return: the previous node, or NULL if @node is the first (or in no tree).
 */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}

/* Return: the black height of the subtree at @node, or -1 if it is broken. */
static int rb_check_subtree(const struct rb_node *node, const struct rb_node *parent)
{
	int left, right;

	if (!node)
		return 0;
	if (rb_parent(node) != parent)
		return -1;
	if (rb_is_red(node) && (rb_is_red(node->rb_left) || rb_is_red(node->rb_right)))
		return -1;
	left = rb_check_subtree(node->rb_left, node);
	right = rb_check_subtree(node->rb_right, node);
	if (left < 0 || left != right)
		return -1;
	return left + rb_is_black(node);
}

/**
 * rb_check_structure - check the red-black shape of @root (for tests)
 * @root: the tree
 *
 * Recursion depth is the tree height, at most 2 log2(n + 1).
 * Context: any; caller serializes the tree.
 * Return: the black height, or -1 if an invariant is broken.
 */
int rb_check_structure(const struct rb_root *root)
{
	if (root->rb_node && rb_is_red(root->rb_node))
		return -1;
	return rb_check_subtree(root->rb_node, NULL);
}
