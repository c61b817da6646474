package org.workbench.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * Snowball "english" (Porter2) stemming: the same stemmer the workbench's embedded search backend uses
 * (Python snowballstemmer), so both backends reduce words to identical stems. Expects lower-cased input.
 */
@NamedComponent("workbench_english_snowball")
public class EnglishSnowballTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new SnowballFilter(tokenStream, new EnglishStemmer());
    }
}
