package org.workbench.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Porter stemming, the same algorithm the built-in {@code english} analyzer and {@code porter_stem} filter use.
 * Expects lower-cased input; honours {@code KeywordAttribute} (keyword-marked tokens are left alone).
 */
@NamedComponent("workbench_english_stem")
public class EnglishStemTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new PorterStemFilter(tokenStream);
    }
}
