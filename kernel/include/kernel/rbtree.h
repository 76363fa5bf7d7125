/* SPDX-License-Identifier: MIT */
/*
 * Red-black trees, with the interface of Linux's include/linux/rbtree.h and
 * rbtree_augmented.h.
 *
 * The tree is intrusive: embed a struct rb_node in your object. The library
 * only rebalances; searching and choosing where to link a new node is the
 * caller's job, so every tree is ordered by whatever key its owner likes:
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *	while (*link) {
 *		parent = *link;
 *		link = key < rb_entry(parent, struct thing, rb)->key ?
 *		       &parent->rb_left : &parent->rb_right;
 *	}
 *	rb_link_node(&new->rb, parent, link);
 *	rb_insert_color(&new->rb, root);
 *
 * Augmented trees keep a value per node that summarises its subtree (for
 * vmalloc: the largest free block below the node). The library calls three
 * callbacks whenever it changes the shape of the tree:
 *   propagate(node, stop)  recompute from @node up to (not including) @stop
 *   copy(old, new)         @new takes @old's place: copy the value
 *   rotate(old, new)       @new took @old's place by a rotation: @new gets
 *                          @old's value (same subtree), @old is recomputed
 * RB_DECLARE_CALLBACKS_MAX() writes all three for the common "maximum of a
 * per-node value" case. Before rb_insert_augmented() the caller must make
 * the values on the path from the root to the new node right (the new
 * node's own value set, the ancestors' raised where needed).
 *
 * Context: any; the caller serializes access to one tree.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

struct rb_node {
	unsigned long __rb_parent_color;	/* parent pointer | colour in bit 0 */
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __aligned(sizeof(long));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_RED 0
#define RB_BLACK 1

#define RB_ROOT ((struct rb_root){ NULL })
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member)					\
	({									\
		__typeof__(ptr) ____ptr = (ptr);				\
		____ptr ? rb_entry(____ptr, type, member) : NULL;		\
	})

#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)
/* A node that is in no tree points at itself (see RB_CLEAR_NODE). */
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (unsigned long)(node))

static inline struct rb_node *rb_parent(const struct rb_node *node)
{
	return (struct rb_node *)(node->__rb_parent_color & ~3UL);
}

static inline unsigned int rb_color(const struct rb_node *node)
{
	return node->__rb_parent_color & 1;
}

/* A NULL child counts as black, as in every textbook. */
static inline bool rb_is_black(const struct rb_node *node)
{
	return !node || rb_color(node) == RB_BLACK;
}

static inline bool rb_is_red(const struct rb_node *node)
{
	return !rb_is_black(node);
}

static inline void rb_set_parent(struct rb_node *node, struct rb_node *parent)
{
	node->__rb_parent_color = rb_color(node) | (unsigned long)parent;
}

static inline void rb_set_parent_color(struct rb_node *node, struct rb_node *parent,
				       unsigned int color)
{
	node->__rb_parent_color = (unsigned long)parent | color;
}

static inline void rb_set_color(struct rb_node *node, unsigned int color)
{
	node->__rb_parent_color = (node->__rb_parent_color & ~1UL) | color;
}

/* Hang a new (red) node at *@link below @parent; then call rb_insert_*(). */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->__rb_parent_color = (unsigned long)parent;	/* red */
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

/* Rebalance after rb_link_node(). O(log n). */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Unlink @node and rebalance. O(log n). @node is left dangling. */
void rb_erase(struct rb_node *node, struct rb_root *root);
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 const struct rb_augment_callbacks *augment);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			const struct rb_augment_callbacks *augment);
/* Put @new where @old is (same key), without rebalancing. */
void rb_replace_node(struct rb_node *old, struct rb_node *new, struct rb_root *root);

/* In-order walking. Return: the node, or NULL past either end. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/*
 * rb_check_structure - self-check of the shape (for tests): parent links
 * agree with child links, the root is black, no red node has a red child,
 * every path from the root to a leaf has the same number of black nodes.
 * Key order is the owner's business and not checked here.
 * Return: the black height (>= 0) if the tree is valid, -1 if not.
 */
int rb_check_structure(const struct rb_root *root);

/*
 * RB_DECLARE_CALLBACKS_MAX - callbacks for "@rbaugmented is the maximum of
 * @rbcompute(node) over the node's subtree".
 * @rbstatic: "static" or empty; @rbname: name of the callbacks struct;
 * @rbstruct: the node's type; @rbfield: its struct rb_node member;
 * @rbtype: the value's type; @rbaugmented: the member caching the maximum;
 * @rbcompute: function returning the node's own value.
 * Also defines @rbname ## _compute_max(node, exit): recompute the node's
 * value; with @exit, return true if it did not change.
 */
#define RB_DECLARE_CALLBACKS_MAX(rbstatic, rbname, rbstruct, rbfield, rbtype,	\
				 rbaugmented, rbcompute)			\
static inline bool rbname ## _compute_max(rbstruct *node, bool exit)		\
{										\
	rbtype max = rbcompute(node), v;					\
										\
	if (node->rbfield.rb_left) {						\
		v = rb_entry(node->rbfield.rb_left, rbstruct, rbfield)->rbaugmented;\
		if (v > max)							\
			max = v;						\
	}									\
	if (node->rbfield.rb_right) {						\
		v = rb_entry(node->rbfield.rb_right, rbstruct, rbfield)->rbaugmented;\
		if (v > max)							\
			max = v;						\
	}									\
	if (exit && node->rbaugmented == max)					\
		return true;							\
	node->rbaugmented = max;						\
	return false;								\
}										\
static void rbname ## _propagate(struct rb_node *rb, struct rb_node *stop)	\
{										\
	while (rb != stop) {							\
		rbstruct *node = rb_entry(rb, rbstruct, rbfield);		\
										\
		if (rbname ## _compute_max(node, true))				\
			break;							\
		rb = rb_parent(&node->rbfield);					\
	}									\
}										\
static void rbname ## _copy(struct rb_node *rb_old, struct rb_node *rb_new)	\
{										\
	rb_entry(rb_new, rbstruct, rbfield)->rbaugmented =			\
		rb_entry(rb_old, rbstruct, rbfield)->rbaugmented;		\
}										\
static void rbname ## _rotate(struct rb_node *rb_old, struct rb_node *rb_new)	\
{										\
	rbstruct *old = rb_entry(rb_old, rbstruct, rbfield);			\
										\
	rb_entry(rb_new, rbstruct, rbfield)->rbaugmented = old->rbaugmented;	\
	rbname ## _compute_max(old, false);					\
}										\
rbstatic const struct rb_augment_callbacks rbname = {				\
	.propagate = rbname ## _propagate,					\
	.copy = rbname ## _copy,						\
	.rotate = rbname ## _rotate,						\
}
