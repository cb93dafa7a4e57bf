// Placeholder so the target builds; replaced by the PinterestETL work.
