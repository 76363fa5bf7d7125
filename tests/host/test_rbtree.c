// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/rbtree.c: plain and augmented trees driven by
 * random inserts and erases, checked after every step against a sorted
 * array (the reference), with the red-black shape, the in-order walk both
 * ways and every node's subtree maximum verified.
 */
#include <kernel/rbtree.h>

#include "htest.h"

#define NR_KEYS 2000

struct item {
	struct rb_node rb;
	long key;
	long weight;		/* the per-node value */
	long subtree_max;	/* max weight in the subtree */
	bool in_tree;
};

static inline long item_weight(struct item *it)
{
	return it->weight;
}

RB_DECLARE_CALLBACKS_MAX(static, item_callbacks, struct item, rb, long, subtree_max, item_weight);

static struct item items[NR_KEYS];
static unsigned long long rng_state;

static unsigned long rnd(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned long)(rng_state >> 33);
}

/* Link @it by key; for an augmented tree, raise the maxima on the way down. */
static void item_insert(struct rb_root *root, struct item *it, bool augmented)
{
	struct rb_node **link = &root->rb_node, *parent = NULL;

	it->subtree_max = it->weight;
	while (*link) {
		struct item *cur = rb_entry(*link, struct item, rb);

		parent = *link;
		if (augmented && cur->subtree_max < it->weight)
			cur->subtree_max = it->weight;
		link = it->key < cur->key ? &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, link);
	if (augmented)
		rb_insert_augmented(&it->rb, root, &item_callbacks);
	else
		rb_insert_color(&it->rb, root);
	it->in_tree = true;
}

static void item_erase(struct rb_root *root, struct item *it, bool augmented)
{
	if (augmented)
		rb_erase_augmented(&it->rb, root, &item_callbacks);
	else
		rb_erase(&it->rb, root);
	RB_CLEAR_NODE(&it->rb);
	it->in_tree = false;
}

/* Return: the true subtree maximum below @n, checking the cached ones on the way. */
static long check_max(struct rb_node *n, int *bad)
{
	struct item *it;
	long m, l, r;

	if (!n)
		return -1;
	it = rb_entry(n, struct item, rb);
	l = check_max(n->rb_left, bad);
	r = check_max(n->rb_right, bad);
	m = it->weight;
	m = l > m ? l : m;
	m = r > m ? r : m;
	if (m != it->subtree_max)
		(*bad)++;
	return m;
}

/* Compare the tree with the items marked in_tree (indices are keys' order). */
static int check_tree(struct rb_root *root, bool augmented)
{
	struct rb_node *n;
	int bad = 0, count = 0, expected = 0;
	long last = -1;

	if (rb_check_structure(root) < 0)
		return 1;
	for (int i = 0; i < NR_KEYS; i++)
		expected += items[i].in_tree;
	for (n = rb_first(root); n; n = rb_next(n), count++) {
		struct item *it = rb_entry(n, struct item, rb);

		if (!it->in_tree || it->key < last)
			bad++;
		last = it->key;
	}
	if (count != expected)
		bad++;
	count = 0;
	for (n = rb_last(root); n; n = rb_prev(n))
		count++;
	if (count != expected)
		bad++;
	if (augmented && root->rb_node)
		check_max(root->rb_node, &bad);
	return bad;
}

static void run_random(bool augmented, unsigned long long seed, int steps)
{
	struct rb_root root = RB_ROOT;
	int failures = 0;

	rng_state = seed;
	for (int i = 0; i < NR_KEYS; i++) {
		items[i].key = i / 2;	/* duplicates too */
		items[i].weight = (long)(rnd() % 100000);
		items[i].in_tree = false;
		RB_CLEAR_NODE(&items[i].rb);
	}
	for (int s = 0; s < steps; s++) {
		struct item *it = &items[rnd() % NR_KEYS];

		if (it->in_tree)
			item_erase(&root, it, augmented);
		else
			item_insert(&root, it, augmented);
		if (s % 7 == 0 || s > steps - 50)
			failures += check_tree(&root, augmented) != 0;
	}
	HT_EXPECT_EQ(failures, 0);
	/* Drain in random order, checking as it shrinks. */
	for (int i = 0; i < NR_KEYS; i++) {
		struct item *it = &items[(i * 7919) % NR_KEYS];

		if (it->in_tree)
			item_erase(&root, it, augmented);
	}
	HT_EXPECT(RB_EMPTY_ROOT(&root));
	HT_EXPECT(rb_first(&root) == NULL);
}

static void plain_random(void)
{
	run_random(false, 1, 20000);
	run_random(false, 12345, 20000);
}

static void augmented_random(void)
{
	run_random(true, 7, 20000);
	run_random(true, 99, 20000);
}

/* Many small trees: every shape of rotation, from many seeds. */
static void augmented_small_trees(void)
{
	for (unsigned long long seed = 1; seed <= 30; seed++)
		run_random(true, seed * 1000003, 3000);
}

static void sequential_insert_is_balanced(void)
{
	struct rb_root root = RB_ROOT;
	int bh;

	for (int i = 0; i < NR_KEYS; i++) {
		items[i].key = i;
		items[i].weight = i;
		item_insert(&root, &items[i], true);
	}
	bh = rb_check_structure(&root);
	/* Height <= 2 * black height, and 2 log2(2001) < 22. */
	HT_EXPECT(bh > 0 && bh <= 11);
	HT_EXPECT_EQ(rb_entry(root.rb_node, struct item, rb)->subtree_max, NR_KEYS - 1);
	HT_EXPECT_EQ(rb_entry(rb_first(&root), struct item, rb)->key, 0);
	HT_EXPECT_EQ(rb_entry(rb_last(&root), struct item, rb)->key, NR_KEYS - 1);
	for (int i = 0; i < NR_KEYS; i++)
		item_erase(&root, &items[i], true);
	HT_EXPECT(RB_EMPTY_ROOT(&root));
}

static void erase_updates_max(void)
{
	struct rb_root root = RB_ROOT;

	for (int i = 0; i < 100; i++) {
		items[i].key = i;
		items[i].weight = i == 42 ? 1000 : i;
		item_insert(&root, &items[i], true);
	}
	HT_EXPECT_EQ(rb_entry(root.rb_node, struct item, rb)->subtree_max, 1000);
	item_erase(&root, &items[42], true);
	HT_EXPECT_EQ(rb_entry(root.rb_node, struct item, rb)->subtree_max, 99);
	for (int i = 99; i >= 0; i--) {
		if (i == 42)
			continue;
		item_erase(&root, &items[i], true);
		if (root.rb_node)
			HT_EXPECT_EQ(rb_entry(root.rb_node, struct item, rb)->subtree_max,
				     i - 1 == 42 ? 41 : i - 1);
	}
}

static void checker_catches_breakage(void)
{
	struct rb_root root = RB_ROOT;

	for (int i = 0; i < 10; i++) {
		items[i].key = i;
		item_insert(&root, &items[i], false);
	}
	HT_EXPECT(rb_check_structure(&root) >= 0);
	rb_set_color(root.rb_node, RB_RED);
	HT_EXPECT_EQ(rb_check_structure(&root), -1);
	rb_set_color(root.rb_node, RB_BLACK);
	rb_set_color(rb_first(&root), rb_is_red(rb_first(&root)) ? RB_BLACK : RB_RED);
	HT_EXPECT_EQ(rb_check_structure(&root), -1);
}

static void replace_node_keeps_order(void)
{
	struct rb_root root = RB_ROOT;
	struct item spare = { .key = 5 };

	for (int i = 0; i < 10; i++) {
		items[i].key = i;
		item_insert(&root, &items[i], false);
	}
	rb_replace_node(&items[5].rb, &spare.rb, &root);
	HT_EXPECT(rb_check_structure(&root) >= 0);
	HT_EXPECT(rb_next(&items[4].rb) == &spare.rb);
	HT_EXPECT(rb_prev(&items[6].rb) == &spare.rb);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(plain_random),
		HT_CASE(augmented_random),
		HT_CASE(augmented_small_trees),
		HT_CASE(sequential_insert_is_balanced),
		HT_CASE(erase_updates_max),
		HT_CASE(checker_catches_breakage),
		HT_CASE(replace_node_keeps_order),
	};

	return htest_main(cases, sizeof(cases) / sizeof(cases[0]));
}
