package dev.synergen.tokenization.shapes;

/** A caption and the template it was written with. */
public record ShapesCaption(String text, CaptionTemplate template) {}
