package org.workbench.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Folds non-ASCII letters, digits and symbols to their ASCII equivalents (é to e, ß to ss), like the built-in
 * {@code asciifolding} filter. Also applied when normalizing (keyword normalizers, wildcard/prefix queries).
 */
@NamedComponent("workbench_asciifolding")
public class AsciiFoldingTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new ASCIIFoldingFilter(tokenStream, false);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return new ASCIIFoldingFilter(tokenStream, false);
    }
}
